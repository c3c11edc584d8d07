// The names of the demo workspace's datasets (made on a new database), known to the first-start hint too.
export const DEMO_STEEL = 'Demo steel strips';
export const DEMO_CT = 'Demo head CT';
