import { Migration } from '@mikro-orm/migrations';

/**
 * A valuation scope's lock and the FIFO layers it guards, in one round trip. The scope row is locked first
 * (created on first use); the layers are read by a later statement of this VOLATILE function, which takes a
 * fresh snapshot, so it sees every layer the lock's previous holder committed while this posting waited.
 * (Read in the locking statement itself, they would be as stale as that statement's snapshot.)
 */
export class Migration20261122060000_scope_lock extends Migration {
  override async up(): Promise<void> {
    this
      .addSql(`create or replace function millwright_lock_scope(p_item_id int, p_warehouse_id int, p_with_layers boolean)
      returns table (scope_quantity numeric, scope_value numeric, scope_last_effective_at timestamptz, open_layers jsonb)
      language plpgsql volatile as $$
      declare scope item_valuation%rowtype;
      begin
        select * into scope from item_valuation v
         where v.item_id = p_item_id and coalesce(v.warehouse_id, 0) = coalesce(p_warehouse_id, 0) for update;
        if not found then
          insert into item_valuation (item_id, warehouse_id, quantity, value, updated_at)
          values (p_item_id, p_warehouse_id, 0, 0, now()) on conflict (item_id, coalesce(warehouse_id, 0)) do nothing;
          select * into scope from item_valuation v
           where v.item_id = p_item_id and coalesce(v.warehouse_id, 0) = coalesce(p_warehouse_id, 0) for update;
        end if;
        scope_quantity := scope.quantity;
        scope_value := scope.value;
        scope_last_effective_at := scope.last_effective_at;
        if p_with_layers then
          select jsonb_agg(jsonb_build_object('id', l.id, 'seq', l.source_move_id,
                                              'at', floor(extract(epoch from l.effective_at) * 1000),
                                              'qty', l.quantity_remaining, 'value', l.value_remaining)
                           order by l.effective_at, l.source_move_id)
            into open_layers from cost_layer l
           where l.item_id = p_item_id and coalesce(l.warehouse_id, 0) = coalesce(p_warehouse_id, 0)
             and l.quantity_remaining > 0;
        end if;
        return next;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists millwright_lock_scope(int, int, boolean);`);
  }
}
