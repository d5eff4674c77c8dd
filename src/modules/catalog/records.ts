/**
 * CSV rows (header → cell text) to catalog inputs, for bulk import. Cells are converted to the types the
 * schemas expect where they plainly are numbers, booleans or JSON; anything else is passed through as
 * text so validation reports it against the right field and line. Empty cells are absent values.
 * Headers match in snake_case or camelCase, any letter case (`image_url`, `imageUrl`, `IMAGE_URL`).
 */

export type FlatRecord = Readonly<Record<string, string | undefined>>;

export const PRODUCT_COLUMNS = [
  'id',
  'title',
  'description',
  'brand',
  'category',
  'price',
  'currency',
  'image_url',
  'active',
  'attributes',
] as const;
export const LOCATION_COLUMNS = [
  'id',
  'name',
  'kind',
  'lat',
  'lon',
  'address',
  'region',
  'capacity',
  'opening_hours',
  'active',
] as const;
export const INVENTORY_COLUMNS = ['product_id', 'location_id', 'on_hand', 'reserved', 'in_transit'] as const;

/** Columns named `attr.<name>` become attribute `<name>`, always as text (use `attributes` JSON for types). */
export const ATTRIBUTE_COLUMN_PREFIX = 'attr.';

export function flatProductRecord(record: FlatRecord): Record<string, unknown> {
  const cell = cellReader(record);
  const attributes: Record<string, unknown> = {};
  let attributesCell: unknown;
  const json = cell('attributes');
  if (json !== undefined) {
    attributesCell = parseJsonCell(json);
    if (isPlainObject(attributesCell)) Object.assign(attributes, attributesCell);
  }
  for (const [header, value] of Object.entries(record)) {
    const name = header.trim();
    if (!name.toLowerCase().startsWith(ATTRIBUTE_COLUMN_PREFIX) || !nonEmpty(value)) continue;
    attributes[name.slice(ATTRIBUTE_COLUMN_PREFIX.length)] = value;
  }
  return compact({
    id: cell('id'),
    title: cell('title'),
    description: cell('description'),
    brand: cell('brand'),
    category: cell('category'),
    price: toNumber(cell('price')),
    currency: cell('currency'),
    attributes: attributesCell !== undefined && !isPlainObject(attributesCell) ? attributesCell : attributes,
    imageUrl: cell('image_url'),
    active: toBoolean(cell('active')),
  });
}

export function flatLocationRecord(record: FlatRecord): Record<string, unknown> {
  const cell = cellReader(record);
  const hours = cell('opening_hours');
  return compact({
    id: cell('id'),
    name: cell('name'),
    kind: cell('kind')?.toLowerCase(),
    lat: toNumber(cell('lat')),
    lon: toNumber(cell('lon')),
    address: cell('address'),
    region: cell('region'),
    capacity: toNumber(cell('capacity')),
    openingHours: hours === undefined ? undefined : parseJsonCell(hours),
    active: toBoolean(cell('active')),
  });
}

export function flatInventoryRecord(record: FlatRecord): Record<string, unknown> {
  const cell = cellReader(record);
  return compact({
    productId: cell('product_id'),
    locationId: cell('location_id'),
    onHand: toNumber(cell('on_hand')),
    reserved: toNumber(cell('reserved')),
    inTransit: toNumber(cell('in_transit')),
  });
}

/** Headers the flattener of `kind` would ignore, so an importer can warn before reading the rows. */
export function unknownColumns(
  kind: 'products' | 'locations' | 'inventory',
  headers: readonly string[],
): string[] {
  const known = new Set<string>(
    (kind === 'products' ? PRODUCT_COLUMNS : kind === 'locations' ? LOCATION_COLUMNS : INVENTORY_COLUMNS).map(
      normalizeHeader,
    ),
  );
  return headers.filter((h) => {
    if (kind === 'products' && h.trim().toLowerCase().startsWith(ATTRIBUTE_COLUMN_PREFIX)) return false;
    return !known.has(normalizeHeader(h));
  });
}

const normalizeHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[_\s-]/g, '');

/** A lookup by canonical column name that tolerates header spelling and treats blank cells as absent. */
function cellReader(record: FlatRecord): (column: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const [header, value] of Object.entries(record)) {
    if (nonEmpty(value)) byName.set(normalizeHeader(header), value);
  }
  return (column) => byName.get(normalizeHeader(column));
}

const nonEmpty = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/** Decimal numbers, with a decimal comma accepted ("12,50"); other text is returned for validation to reject. */
function toNumber(cell: string | undefined): number | string | undefined {
  if (cell === undefined) return undefined;
  const s = cell.trim();
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  if (/^[+-]?\d+,\d+$/.test(s)) return Number(s.replace(',', '.'));
  return s;
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'oui']);
const FALSE = new Set(['false', '0', 'no', 'n', 'non']);

function toBoolean(cell: string | undefined): boolean | string | undefined {
  if (cell === undefined) return undefined;
  const s = cell.trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return cell;
}

/** Parsed JSON, or the text itself so validation says which column is not the expected object. */
function parseJsonCell(cell: string): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    return cell;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function compact(o: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
