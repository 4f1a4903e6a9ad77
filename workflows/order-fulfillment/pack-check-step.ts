import { patched, setHandler } from '@temporalio/workflow';
import { fulfillment } from './fulfillment-proxies';
import type { FulfillmentContext } from './fulfillment-context';
import type { PackageRecord, StagedPick } from './order-fulfillment.contract';
import { comparePackage, expectedPackages } from './pack-check-rules';
import {
  PACK_CHECK_REJECTION,
  recordPackCheckUpdate,
  type PackCheckRecorded,
  type RecordPackCheckArgs,
  type StateWithPackCheck,
} from './pack-check.contract';

/**
 * Pack check (issue 20), once the packer has packed: unless the order's customer or a warehouse it is staged in
 * opted out, each package's content must be checked (item, lot, quantity) before the ship task accepts the
 * shipment. Sets `state.packCheck` (what each package should hold) and takes the `recordPackCheck` update the API
 * sends once a package's scans matched. Histories from before the pack check replay without it (`patched`).
 */
export async function startPackCheck(
  ctx: FulfillmentContext,
  staged: StagedPick[],
  packages: PackageRecord[],
  shipTaskId: string,
): Promise<boolean> {
  if (!patched('pack-check')) return false;
  const { input } = ctx;
  const state = ctx.state as StateWithPackCheck;
  state.packCheck = null;
  const docks = [...new Set(staged.map((pick) => pick.stagingLocation))];
  if (!(await fulfillment.packCheckRequired({ orderNumber: input.orderNumber, docks }))) return false;
  const check = { shipTaskId, round: state.round, packages: expectedPackages(staged, packages, state.lines) };
  state.packCheck = check;
  setHandler(
    recordPackCheckUpdate,
    (args: RecordPackCheckArgs): PackCheckRecorded => {
      const pkg = check.packages.find((candidate) => candidate.packageNo === args.packageNo)!;
      if (pkg.checkedAt === null) {
        pkg.checkedBy = args.checkedBy;
        pkg.checkedAt = new Date().toISOString();
      }
      return {
        packageNo: pkg.packageNo,
        checkedBy: pkg.checkedBy!,
        checkedAt: pkg.checkedAt!,
        allChecked: check.packages.every((candidate) => candidate.checkedAt !== null),
      };
    },
    {
      validator: (args: RecordPackCheckArgs) => {
        if (state.packCheck !== check || state.step !== 'awaiting-ship' || ctx.controls.cancel) {
          throw new Error(`${PACK_CHECK_REJECTION.notOpen}: order ${input.orderNumber} has no shipment to check now`);
        }
        const pkg = check.packages.find((candidate) => candidate.packageNo === args?.packageNo);
        if (!pkg) {
          throw new Error(
            `${PACK_CHECK_REJECTION.mismatch}: packageNo ${String(args?.packageNo)} is not a package of this shipment`,
          );
        }
        const problems = comparePackage(pkg, Array.isArray(args.lines) ? args.lines : []);
        if (problems.length > 0) {
          throw new Error(`${PACK_CHECK_REJECTION.mismatch}: ${problems.map((problem) => problem.message).join('; ')}`);
        }
      },
    },
  );
  return true;
}
