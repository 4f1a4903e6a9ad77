/** Reservations hold stock this long unless the workflow consumes or releases them first. */
export const RESERVATION_TTL_MINUTES = 24 * 60;
