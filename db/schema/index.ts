export * from './enums';
export * from './brands';
export * from './members';
export * from './offers';
export * from './links';
export * from './tracking';
export * from './auth';
export * from './email';
