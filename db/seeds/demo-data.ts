/** Deterministic demo master data, so every fresh install (and every test run) sees the same world. */

export const DEMO_PASSWORD = 'millwright-demo';

export const DEMO_USERS = [
  { username: 'admin', displayName: 'Ada Admin', roles: ['admin'] },
  { username: 'admin2', displayName: 'Ben Second-Admin', roles: ['admin'] },
  { username: 'clerk', displayName: 'Carla Clerk', roles: ['clerk'] },
  { username: 'planner', displayName: 'Paul Planner', roles: ['planner'] },
  { username: 'controller', displayName: 'Cora Controller', roles: ['controller'] },
  { username: 'auditor', displayName: 'Otto Auditor', roles: ['auditor'] },
  { username: 'supervisor', displayName: 'Sam Supervisor', roles: ['supervisor', 'clerk'] },
  // Quality gate: readings by an inspector, disposition (and a concession's second approval) by a quality engineer.
  { username: 'inspector', displayName: 'Ines Inspector', roles: ['inspector'] },
  { username: 'quality', displayName: 'Quinn Quality-Engineer', roles: ['quality-engineer'] },
  // Period close: the controller who starts a close may not approve it (four-eyes).
  { username: 'controller2', displayName: 'Dora Second-Controller', roles: ['controller'] },
] as const;

export const DEMO_WAREHOUSES = [
  { code: 'MAIN', name: 'Main distribution centre', priority: 10, virtual: false, zones: ['A', 'B', 'C'] },
  { code: 'EAST', name: 'East regional warehouse', priority: 20, virtual: false, zones: ['A', 'B'] },
  { code: 'CONSIGN', name: 'Customer-supplied material (virtual)', priority: 90, virtual: true, zones: ['V'] },
] as const;

/** Each physical warehouse has a receiving dock (`<warehouse>-DOCK`, location type `dock`, in zone DOCK) that allocation never draws from. */
export const DOCK_ZONE = 'DOCK';

/** Bins per zone; location codes read `<warehouse>-<zone><nn>`. */
export const BINS_PER_ZONE = 8;

export const DEMO_CUSTOMERS = [
  { code: 'C-ACME', name: 'Acme Retail', minShelfLifeDays: 30, creditLimit: 50_000, segment: 'key-account' },
  { code: 'C-BOLT', name: 'Bolt Hardware', minShelfLifeDays: 0, creditLimit: 20_000, segment: 'standard' },
  { code: 'C-CAFE', name: 'Cafe Central', minShelfLifeDays: 60, creditLimit: 5_000, segment: 'standard' },
  { code: 'C-DELI', name: 'Deli Direct', minShelfLifeDays: 45, creditLimit: 8_000, segment: 'standard' },
  { code: 'C-ECO', name: 'Eco Builders', minShelfLifeDays: 0, creditLimit: 30_000, segment: 'key-account' },
  { code: 'C-FRESH', name: 'Fresh Market Group', minShelfLifeDays: 90, creditLimit: 75_000, segment: 'key-account' },
  { code: 'C-GRID', name: 'Grid Electrical', minShelfLifeDays: 0, creditLimit: 12_000, segment: 'standard' },
  { code: 'C-HOME', name: 'Home & Garden Co', minShelfLifeDays: 14, creditLimit: 15_000, segment: 'new' },
] as const;

/** Item families: each yields several items; perishable families are lot-tracked with a shelf life. */
export const ITEM_FAMILIES = [
  {
    prefix: 'FOOD',
    category: 'food',
    uom: 'case',
    shelfLifeDays: 180,
    names: [
      'Olive oil 1L',
      'Tomato passata',
      'Basmati rice 5kg',
      'Espresso beans 1kg',
      'Oat flakes',
      'Sea salt',
      'Honey 500g',
      'Pasta fusilli',
      'Canned chickpeas',
      'Dark chocolate',
    ],
  },
  {
    prefix: 'CHEM',
    category: 'chemicals',
    uom: 'drum',
    shelfLifeDays: 365,
    names: [
      'Epoxy resin',
      'Hardener',
      'Degreaser',
      'Wood primer',
      'Anti-rust spray',
      'Adhesive PU',
      'Sealant clear',
      'Thinner',
    ],
  },
  {
    prefix: 'PHAR',
    category: 'pharma',
    uom: 'box',
    shelfLifeDays: 540,
    names: [
      'Bandage roll',
      'Disinfectant 500ml',
      'Vitamin C tabs',
      'Saline solution',
      'Gloves nitrile M',
      'Face masks',
    ],
  },
  {
    prefix: 'HW',
    category: 'hardware',
    uom: 'pcs',
    shelfLifeDays: null,
    names: [
      'Hex bolt M8',
      'Washer M8',
      'Nut M8',
      'Wood screw 4x40',
      'Hinge 80mm',
      'Bracket steel',
      'Cable tie 200mm',
      'Wall plug 8mm',
      'Chain 5mm',
      'Padlock 40mm',
      'Drill bit 6mm',
      'Saw blade 250mm',
    ],
  },
  {
    prefix: 'EL',
    category: 'electrical',
    uom: 'pcs',
    shelfLifeDays: null,
    names: [
      'LED bulb E27',
      'Cable 3x1.5 (m)',
      'Socket outlet',
      'Switch 1-gang',
      'Junction box',
      'Fuse 16A',
      'Extension lead 5m',
      'Battery AA',
      'Battery 9V',
    ],
  },
  {
    prefix: 'PKG',
    category: 'packaging',
    uom: 'pcs',
    shelfLifeDays: null,
    names: [
      'Carton 40x30x30',
      'Carton 60x40x40',
      'Pallet wrap',
      'Tape 50mm',
      'Bubble wrap roll',
      'Label roll',
      'Void fill paper',
    ],
  },
] as const;
