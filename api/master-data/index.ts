export * from './changes';
export * from './csv';
export * from './csv-columns';
export * from './import-runner';
export * from './list';
export * from './resource';
export * from './routes';
export * from './csv-routes';
