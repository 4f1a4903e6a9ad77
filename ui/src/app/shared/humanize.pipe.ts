import { Pipe, PipeTransform } from '@angular/core';

/** 'order-fulfillment' / 'pick_confirmation' / 'awaitPicking' -> 'Order fulfillment' etc. */
@Pipe({ name: 'humanize' })
export class HumanizePipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    if (!value) return '';
    const words = value
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/[-_.]+/g, ' ')
      .trim()
      .toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
}
