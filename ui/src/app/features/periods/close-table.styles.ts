/**
 * The look of the close cockpit's small figure tables (absorption shares, variances, open WIP): one stylesheet, so
 * the panels line up alike. A panel lists it first in `styles`, then its own rules.
 */
export const CLOSE_TABLE_STYLES = `
  .figures {
    border-collapse: collapse;
    margin: 4px 0 12px;
  }
  .figures th,
  .figures td {
    padding: 2px 12px 2px 0;
    text-align: left;
  }
  .num {
    text-align: right;
  }
`;
