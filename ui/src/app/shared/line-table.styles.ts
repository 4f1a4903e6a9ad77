/**
 * The look of a task form's table of lines with inputs in its cells (supplier receipt, subcontract return): one
 * stylesheet, so the forms' tables line up alike. A component lists it first in `styles`, then its own rules.
 */
export const LINE_TABLE_STYLES = `
  table {
    border-collapse: collapse;
  }
  th,
  td {
    padding: 4px 8px 4px 0;
    text-align: left;
  }
  td mat-form-field {
    width: 110px;
  }
  .num {
    text-align: right;
  }
  .error {
    color: var(--mat-sys-error);
  }
`;
