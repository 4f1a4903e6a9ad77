import { Directive, effect, ElementRef, inject, input, Renderer2, TemplateRef } from '@angular/core';

/**
 * A page's own rendering of one column of the shared list (a status chip, a link, row actions):
 * `<ng-template mwListCell="status" let-row>...</ng-template>` inside `<mw-data-list>`. Columns without one show
 * their text value.
 */
@Directive({ selector: 'ng-template[mwListCell]' })
export class ListCell {
  /** The column key this template renders. */
  readonly column = input.required<string>({ alias: 'mwListCell' });
  readonly template = inject<TemplateRef<{ $implicit: Record<string, unknown> }>>(TemplateRef);
}

/** Sets (and clears) a set of attributes on its element: the per-row `data-*` hooks a page's tests and links use. */
@Directive({ selector: '[mwAttrs]' })
export class ListRowAttributes {
  readonly attributes = input<Record<string, string | null | undefined>>({}, { alias: 'mwAttrs' });
  private readonly element = inject(ElementRef).nativeElement as HTMLElement;
  private readonly renderer = inject(Renderer2);
  private previous: string[] = [];

  constructor() {
    effect(() => {
      const attributes = this.attributes();
      for (const name of this.previous) if (!(name in attributes)) this.renderer.removeAttribute(this.element, name);
      for (const [name, value] of Object.entries(attributes)) {
        if (value === null || value === undefined) this.renderer.removeAttribute(this.element, name);
        else this.renderer.setAttribute(this.element, name, value);
      }
      this.previous = Object.keys(attributes);
    });
  }
}
