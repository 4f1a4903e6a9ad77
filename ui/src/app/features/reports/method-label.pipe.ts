import { Pipe, PipeTransform } from '@angular/core';

const LABELS: Record<string, string> = { fifo: 'FIFO', 'moving-average': 'Moving average' };

/** 'fifo' -> 'FIFO', 'moving-average' -> 'Moving average'. */
@Pipe({ name: 'methodLabel' })
export class MethodLabelPipe implements PipeTransform {
  transform(method: string | null | undefined): string {
    return method ? (LABELS[method] ?? method) : '';
  }
}
