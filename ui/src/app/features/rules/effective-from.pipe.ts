import { formatDate } from '@angular/common';
import { inject, LOCALE_ID, Pipe, PipeTransform } from '@angular/core';

/** When a version takes effect: '—' before publishing, 'always' for the seeded versions (the epoch), else the date. */
@Pipe({ name: 'effectiveFrom' })
export class EffectiveFromPipe implements PipeTransform {
  private readonly locale = inject(LOCALE_ID);

  transform(value: string | null): string {
    if (!value) return '—';
    return new Date(value).getTime() <= 0 ? 'always' : formatDate(value, 'medium', this.locale);
  }
}
