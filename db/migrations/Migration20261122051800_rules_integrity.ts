import { Migration } from '@mikro-orm/migrations';

/**
 * A published rule version is immutable: only its retirement may be recorded. Decisions are append-only, like
 * the ledger, because auditors rely on them to explain what happened.
 */
export class Migration20261122051800_rules_integrity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function millwright_freeze_published_rules() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.status <> 'draft' then
            raise exception 'rule set version % is %, it cannot be deleted', old.id, old.status using errcode = 'P0003';
          end if;
          return old;
        end if;
        if old.status = 'draft' then return new; end if;
        if old.status = 'published' and new.status = 'retired' and new.content = old.content
           and new.content_hash = old.content_hash and new.version = old.version then
          return new;
        end if;
        raise exception 'rule set version % is %, it is immutable', old.id, old.status using errcode = 'P0003';
      end $$;`);
    this.addSql(`create trigger rule_set_version_frozen before update or delete on "rule_set_version"
      for each row execute function millwright_freeze_published_rules();`);
    this.addSql(`create trigger rule_decision_append_only before update or delete on "rule_decision"
      for each row execute function millwright_refuse_change();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists rule_decision_append_only on "rule_decision";`);
    this.addSql(`drop trigger if exists rule_set_version_frozen on "rule_set_version";`);
    this.addSql(`drop function if exists millwright_freeze_published_rules();`);
  }
}
