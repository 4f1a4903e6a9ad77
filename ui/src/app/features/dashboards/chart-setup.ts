/**
 * chart.js with only what the dashboards draw registered (line and bar charts on a category and a linear axis, with a
 * legend and tooltips), so tree-shaking leaves the rest out. Imported dynamically by DashboardChart alone: chart.js
 * lands in a lazy chunk of its own, fetched the first time a chart is shown, never in the first page's bundles.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

export { Chart };
