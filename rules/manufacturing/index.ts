/** Manufacturing's pure logic: BOM cycle detection, explosion (phantoms passed through) and kitting analysis. */
export * from './bom-cycle';
export * from './coverage';
export * from './explode';
export * from './kitting';
export * from './quantities';
export * from './types';
