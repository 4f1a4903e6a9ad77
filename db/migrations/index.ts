import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122041717 } from './Migration20261122041717';
import { Migration20261122041800_append_only } from './Migration20261122041800_append_only';
import { Migration20261122050123 } from './Migration20261122050123';
import { Migration20261122050200_books_integrity } from './Migration20261122050200_books_integrity';
import { Migration20261122051002 } from './Migration20261122051002';
import { Migration20261122051708 } from './Migration20261122051708';
import { Migration20261122051800_rules_integrity } from './Migration20261122051800_rules_integrity';
import { Migration20261129094824_credit } from './Migration20261129094824_credit';
import { Migration20261122060000_scope_lock } from './Migration20261122060000_scope_lock';
import { Migration20261129095518 } from './Migration20261129095518';
import { Migration20261201130000_master_data } from './Migration20261201130000_master_data';
import { Migration20261201131000_warehouse_zones } from './Migration20261201131000_warehouse_zones';
import { Migration20261201132000_accounts_settings } from './Migration20261201132000_accounts_settings';
import { Migration20261201133000_receipt_dates } from './Migration20261201133000_receipt_dates';
import { Migration20261201150000_intake } from './Migration20261201150000_intake';
import { Migration20261201152000_process_outcome } from './Migration20261201152000_process_outcome';
import { Migration20261201154000_saved_views } from './Migration20261201154000_saved_views';
import { Migration20261201190000_po_deliveries } from './Migration20261201190000_po_deliveries';
import { Migration20261201191000_supplier_returns } from './Migration20261201191000_supplier_returns';
import { Migration20261201192000_supplier_invoices } from './Migration20261201192000_supplier_invoices';
import { Migration20261201193000_payments_tax } from './Migration20261201193000_payments_tax';
import { Migration20261201194000_stock_counts } from './Migration20261201194000_stock_counts';
import { Migration20261202100000_work_centres_routings } from './Migration20261202100000_work_centres_routings';
import { Migration20261202101000_boms } from './Migration20261202101000_boms';
import { Migration20261202110000_production_orders } from './Migration20261202110000_production_orders';
import { Migration20261202140000_mrp } from './Migration20261202140000_mrp';
import { Migration20261202150000_mrp_release } from './Migration20261202150000_mrp_release';
import { Migration20261202151000_mrp_net_change } from './Migration20261202151000_mrp_net_change';
import { Migration20261202152000_mrp_what_if } from './Migration20261202152000_mrp_what_if';
import { Migration20261202153000_mrp_plan_json } from './Migration20261202153000_mrp_plan_json';
import { Migration20261202160000_subcontracting } from './Migration20261202160000_subcontracting';
import { Migration20261202161000_subcontract_tracking } from './Migration20261202161000_subcontract_tracking';
import { Migration20261202170000_subcontract_fee_invoices } from './Migration20261202170000_subcontract_fee_invoices';
import { Migration20261202172000_stock_owner } from './Migration20261202172000_stock_owner';
import { Migration20261202173000_quality_plans } from './Migration20261202173000_quality_plans';
import { Migration20261202174000_mrp_pegs_on_read } from './Migration20261202174000_mrp_pegs_on_read';
import { Migration20261202175000_mrp_item_indexes } from './Migration20261202175000_mrp_item_indexes';
import { Migration20261202181000_mrp_plan_rows_unchecked } from './Migration20261202181000_mrp_plan_rows_unchecked';
import { Migration20261203100000_quality_inspection } from './Migration20261203100000_quality_inspection';
import { Migration20261203110000_period_close_prep } from './Migration20261203110000_period_close_prep';
import { Migration20261203120000_carrier_receipts } from './Migration20261203120000_carrier_receipts';
import { Migration20261203130000_audit_chain } from './Migration20261203130000_audit_chain';
import { Migration20261203141000_subcontract_quality_gate } from './Migration20261203141000_subcontract_quality_gate';
import { Migration20261203143000_login_throttle } from './Migration20261203143000_login_throttle';
import { Migration20261203144000_production_customer_material } from './Migration20261203144000_production_customer_material';
import { Migration20261203150000_period_close_absorption } from './Migration20261203150000_period_close_absorption';
import { Migration20261203145000_carrier_reference_refused } from './Migration20261203145000_carrier_reference_refused';
import { Migration20261203151000_audit_trail_indexes } from './Migration20261203151000_audit_trail_indexes';
import { Migration20261203152000_subcontract_fee_reversed } from './Migration20261203152000_subcontract_fee_reversed';
import { Migration20261203155000_journal_line_entry_cover } from './Migration20261203155000_journal_line_entry_cover';
import { Migration20261203156000_closing_balance_period_totals } from './Migration20261203156000_closing_balance_period_totals';
import { Migration20261203160000_pack_check } from './Migration20261203160000_pack_check';
import { Migration20261203163000_process_list_indexes } from './Migration20261203163000_process_list_indexes';
import { Migration20261203165000_mrp_item_indexes } from './Migration20261203165000_mrp_item_indexes';
import { Migration20261203173000_pick_faces } from './Migration20261203173000_pick_faces';
import { Migration20261203190000_scheduled_wave_order } from './Migration20261203190000_scheduled_wave_order';
import { Migration20261204010000_stock_move_from_layer } from './Migration20261204010000_stock_move_from_layer';
import { Migration20261204031000_stock_transfer } from './Migration20261204031000_stock_transfer';
import { Migration20261204170000_mrp_planned_order_fillfactor } from './Migration20261204170000_mrp_planned_order_fillfactor';
import { Migration20261203153000_alerts } from './Migration20261203153000_alerts';

/** Committed migrations in order; `npm run migration:create` generates a new one, which is then listed here. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261122041717', class: Migration20261122041717 },
  { name: 'Migration20261122041800_append_only', class: Migration20261122041800_append_only },
  { name: 'Migration20261122050123', class: Migration20261122050123 },
  { name: 'Migration20261122050200_books_integrity', class: Migration20261122050200_books_integrity },
  { name: 'Migration20261122051002', class: Migration20261122051002 },
  { name: 'Migration20261122051708', class: Migration20261122051708 },
  { name: 'Migration20261122051800_rules_integrity', class: Migration20261122051800_rules_integrity },
  { name: 'Migration20261129094824_credit', class: Migration20261129094824_credit },
  { name: 'Migration20261122060000_scope_lock', class: Migration20261122060000_scope_lock },
  { name: 'Migration20261129095518', class: Migration20261129095518 },
  { name: 'Migration20261201130000_master_data', class: Migration20261201130000_master_data },
  { name: 'Migration20261201131000_warehouse_zones', class: Migration20261201131000_warehouse_zones },
  { name: 'Migration20261201132000_accounts_settings', class: Migration20261201132000_accounts_settings },
  { name: 'Migration20261201133000_receipt_dates', class: Migration20261201133000_receipt_dates },
  { name: 'Migration20261201150000_intake', class: Migration20261201150000_intake },
  { name: 'Migration20261201152000_process_outcome', class: Migration20261201152000_process_outcome },
  { name: 'Migration20261201154000_saved_views', class: Migration20261201154000_saved_views },
  { name: 'Migration20261201190000_po_deliveries', class: Migration20261201190000_po_deliveries },
  { name: 'Migration20261201191000_supplier_returns', class: Migration20261201191000_supplier_returns },
  { name: 'Migration20261201192000_supplier_invoices', class: Migration20261201192000_supplier_invoices },
  { name: 'Migration20261201193000_payments_tax', class: Migration20261201193000_payments_tax },
  { name: 'Migration20261201194000_stock_counts', class: Migration20261201194000_stock_counts },
  { name: 'Migration20261202100000_work_centres_routings', class: Migration20261202100000_work_centres_routings },
  { name: 'Migration20261202101000_boms', class: Migration20261202101000_boms },
  { name: 'Migration20261202110000_production_orders', class: Migration20261202110000_production_orders },
  { name: 'Migration20261202140000_mrp', class: Migration20261202140000_mrp },
  { name: 'Migration20261202150000_mrp_release', class: Migration20261202150000_mrp_release },
  { name: 'Migration20261202151000_mrp_net_change', class: Migration20261202151000_mrp_net_change },
  { name: 'Migration20261202152000_mrp_what_if', class: Migration20261202152000_mrp_what_if },
  { name: 'Migration20261202153000_mrp_plan_json', class: Migration20261202153000_mrp_plan_json },
  { name: 'Migration20261202160000_subcontracting', class: Migration20261202160000_subcontracting },
  {
    name: 'Migration20261202161000_subcontract_tracking',
    class: Migration20261202161000_subcontract_tracking,
  },
  {
    name: 'Migration20261202170000_subcontract_fee_invoices',
    class: Migration20261202170000_subcontract_fee_invoices,
  },
  { name: 'Migration20261202172000_stock_owner', class: Migration20261202172000_stock_owner },
  { name: 'Migration20261202173000_quality_plans', class: Migration20261202173000_quality_plans },
  { name: 'Migration20261202174000_mrp_pegs_on_read', class: Migration20261202174000_mrp_pegs_on_read },
  { name: 'Migration20261202175000_mrp_item_indexes', class: Migration20261202175000_mrp_item_indexes },
  { name: 'Migration20261202181000_mrp_plan_rows_unchecked', class: Migration20261202181000_mrp_plan_rows_unchecked },
  { name: 'Migration20261203100000_quality_inspection', class: Migration20261203100000_quality_inspection },
  { name: 'Migration20261203110000_period_close_prep', class: Migration20261203110000_period_close_prep },
  { name: 'Migration20261203120000_carrier_receipts', class: Migration20261203120000_carrier_receipts },
  { name: 'Migration20261203130000_audit_chain', class: Migration20261203130000_audit_chain },
  {
    name: 'Migration20261203141000_subcontract_quality_gate',
    class: Migration20261203141000_subcontract_quality_gate,
  },
  { name: 'Migration20261203143000_login_throttle', class: Migration20261203143000_login_throttle },
  {
    name: 'Migration20261203144000_production_customer_material',
    class: Migration20261203144000_production_customer_material,
  },
  {
    name: 'Migration20261203145000_carrier_reference_refused',
    class: Migration20261203145000_carrier_reference_refused,
  },
  {
    name: 'Migration20261203150000_period_close_absorption',
    class: Migration20261203150000_period_close_absorption,
  },
  { name: 'Migration20261203151000_audit_trail_indexes', class: Migration20261203151000_audit_trail_indexes },
  {
    name: 'Migration20261203152000_subcontract_fee_reversed',
    class: Migration20261203152000_subcontract_fee_reversed,
  },
  { name: 'Migration20261203153000_alerts', class: Migration20261203153000_alerts },
  {
    name: 'Migration20261203155000_journal_line_entry_cover',
    class: Migration20261203155000_journal_line_entry_cover,
  },
  {
    name: 'Migration20261203156000_closing_balance_period_totals',
    class: Migration20261203156000_closing_balance_period_totals,
  },
  { name: 'Migration20261203160000_pack_check', class: Migration20261203160000_pack_check },
  { name: 'Migration20261203163000_process_list_indexes', class: Migration20261203163000_process_list_indexes },
  { name: 'Migration20261203165000_mrp_item_indexes', class: Migration20261203165000_mrp_item_indexes },
  { name: 'Migration20261203173000_pick_faces', class: Migration20261203173000_pick_faces },
  { name: 'Migration20261203190000_scheduled_wave_order', class: Migration20261203190000_scheduled_wave_order },
  { name: 'Migration20261204010000_stock_move_from_layer', class: Migration20261204010000_stock_move_from_layer },
  { name: 'Migration20261204031000_stock_transfer', class: Migration20261204031000_stock_transfer },
  {
    name: 'Migration20261204170000_mrp_planned_order_fillfactor',
    class: Migration20261204170000_mrp_planned_order_fillfactor,
  },
];
