import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { BomTree, BomTreeNode } from './manufacturing.types';

/** A tree node with its depth, for one indented table row. */
interface FlatNode {
  node: BomTreeNode;
  level: number;
  path: string;
}

function flatten(nodes: BomTreeNode[], level: number, parent: string): FlatNode[] {
  return nodes.flatMap((node) => {
    const path = `${parent}/${node.componentSku}`;
    return [{ node, level, path }, ...flatten(node.children, level + 1, path)];
  });
}

/**
 * The exploded BOM as an indented table: per component its quantity per parent, scrap %, the quantity required for
 * the top quantity (scrap included once per level), whether it is a phantom (passed through, never stocked) and the
 * version of its own BOM.
 */
@Component({
  selector: 'mw-bom-tree',
  imports: [DecimalPipe],
  template: `
    <p class="top" data-testid="bom-tree-top">
      <strong>{{ tree().itemSku }}</strong> — {{ tree().itemName }} · BOM v{{ tree().version }} ·
      {{ tree().quantity | number: '1.0-6' }} {{ tree().uom }}
      @if (tree().phantom) {
        <span class="phantom">phantom</span>
      }
    </p>
    <div class="scroll">
      <table class="tree" data-testid="bom-tree">
        <thead>
          <tr>
            <th>Component</th>
            <th class="num">Qty per</th>
            <th class="num">Scrap %</th>
            <th class="num">Required</th>
            <th>Supplied by</th>
            <th>BOM</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.path) {
            <tr
              data-testid="bom-node"
              [attr.data-sku]="row.node.componentSku"
              [attr.data-level]="row.level"
              [attr.data-required]="row.node.required"
              [attr.data-phantom]="row.node.phantom"
              [class.is-phantom]="row.node.phantom"
            >
              <td [style.padding-left.px]="8 + (row.level - 1) * 20">
                <span class="sku">{{ row.node.componentSku }}</span>
                <span class="muted"> {{ row.node.name }}</span>
                @if (row.node.phantom) {
                  <span class="phantom" data-testid="bom-node-phantom">phantom</span>
                }
              </td>
              <td class="num">{{ row.node.quantityPer | number: '1.0-6' }}</td>
              <td class="num">{{ row.node.scrapPercent | number: '1.0-4' }}</td>
              <td class="num" data-testid="bom-node-required">
                {{ row.node.required | number: '1.0-6' }} {{ row.node.uom }}
              </td>
              <td data-testid="bom-node-provision" [attr.data-provision]="row.node.provision ?? 'ours'">
                {{ row.node.provision === 'customer' ? 'Customer' : 'Us' }}
              </td>
              <td>{{ row.node.version === null ? '—' : 'v' + row.node.version }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="6" class="muted">This BOM has no lines.</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    .scroll {
      overflow-x: auto;
    }
    .tree {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: left;
      padding: 6px 8px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .num {
      text-align: right;
      white-space: nowrap;
    }
    .sku {
      font-weight: 500;
    }
    .phantom {
      margin-left: 8px;
      padding: 0 6px;
      border-radius: 8px;
      font-size: 12px;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .is-phantom {
      font-style: italic;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BomTreeView {
  readonly tree = input.required<BomTree>();
  protected readonly rows = computed(() => flatten(this.tree().children, 1, this.tree().itemSku));
}
