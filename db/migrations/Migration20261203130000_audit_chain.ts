import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log's hash chain (issue 18, item 1). Audit rows stay as written (their trigger forbids updates); a
 * separate append-only table holds each row's seal: its gapless chain position, the sha256 of the row's canonical
 * content and the chain hash sha256(previous chain hash + content hash). Seals are appended after commit by one
 * sealer (db/audit/seal.ts), so audited writes never wait on each other or on the chain.
 *
 * No foreign key to audit_log on purpose: a deleted audit row must leave its seal behind, which is how verification
 * names the gap.
 */
export class Migration20261203130000_audit_chain extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_seal" ("seq" int not null, "audit_id" int not null, "content_hash" varchar(64) not null, "chain_hash" varchar(64) not null, "sealed_at" timestamptz not null, constraint "audit_seal_pkey" primary key ("seq"));`,
    );
    this.addSql(`alter table "audit_seal" add constraint "audit_seal_audit_id_unique" unique ("audit_id");`);
    this.addSql(`create index "audit_seal_sealed_at_index" on "audit_seal" ("sealed_at");`);
    // The same refusal as audit_log's and stock_move's (Migration20261122041800_append_only), plus TRUNCATE.
    this.addSql(`create trigger audit_seal_append_only before update or delete on "audit_seal"
      for each row execute function millwright_refuse_change();`);
    this.addSql(`create trigger audit_seal_no_truncate before truncate on "audit_seal"
      for each statement execute function millwright_refuse_change();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_seal" cascade;`);
  }
}
