/** The one barrel the worker bundles: every workflow function the platform runs. */
export { orderFulfillment } from './order-fulfillment/order-fulfillment.workflow';
