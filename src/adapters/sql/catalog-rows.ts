import {
  CATEGORY_SEPARATOR,
  type InventoryLevel,
  type Location,
  type LocationKind,
  type Product,
} from '../../modules/catalog/index.ts';

/** Catalog tables as stored: JSON columns as text, booleans as 0/1 so both dialects read the same. */
export type ProductRow = {
  id: string;
  title: string;
  description: string | null;
  brand: string | null;
  category: string;
  price: number;
  currency: string;
  attributes: string;
  image_url: string | null;
  active: number;
  updated_at: number;
};

export type LocationRow = {
  id: string;
  name: string;
  kind: string;
  lat: number;
  lon: number;
  address: string | null;
  region: string | null;
  opening_hours: string;
  capacity: number | null;
  active: number;
  updated_at: number;
};

export type InventoryRow = {
  product_id: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  in_transit: number;
  updated_at: number;
};

export type CatalogTables = {
  catalog_products: ProductRow;
  catalog_locations: LocationRow;
  catalog_inventory: InventoryRow;
};

export const PRODUCT_UPDATE_COLUMNS = [
  'title',
  'description',
  'brand',
  'category',
  'price',
  'currency',
  'attributes',
  'image_url',
  'active',
  'updated_at',
] as const;
export const LOCATION_UPDATE_COLUMNS = [
  'name',
  'kind',
  'lat',
  'lon',
  'address',
  'region',
  'opening_hours',
  'capacity',
  'active',
  'updated_at',
] as const;
export const INVENTORY_UPDATE_COLUMNS = ['on_hand', 'reserved', 'in_transit', 'updated_at'] as const;

/** The text form of a category path; a name never contains ">", so it splits back exactly. */
export const categoryText = (path: readonly string[]): string => path.join(CATEGORY_SEPARATOR);
const categoryPathOf = (text: string): string[] => (text === '' ? [] : text.split(CATEGORY_SEPARATOR));

export const productToRow = (p: Product): ProductRow => ({
  id: p.id,
  title: p.title,
  description: p.description ?? null,
  brand: p.brand ?? null,
  category: categoryText(p.category),
  price: p.price,
  currency: p.currency,
  attributes: JSON.stringify(p.attributes),
  image_url: p.imageUrl ?? null,
  active: p.active ? 1 : 0,
  updated_at: p.updatedAt,
});

/** Fields in the order of the input schema; optional ones absent rather than null. */
export const rowToProduct = (r: ProductRow): Product => ({
  id: r.id,
  title: r.title,
  ...(r.description !== null && { description: r.description }),
  ...(r.brand !== null && { brand: r.brand }),
  category: categoryPathOf(r.category),
  price: Number(r.price),
  currency: r.currency,
  attributes: JSON.parse(r.attributes),
  ...(r.image_url !== null && { imageUrl: r.image_url }),
  active: Number(r.active) === 1,
  updatedAt: Number(r.updated_at),
});

export const locationToRow = (l: Location): LocationRow => ({
  id: l.id,
  name: l.name,
  kind: l.kind,
  lat: l.lat,
  lon: l.lon,
  address: l.address ?? null,
  region: l.region ?? null,
  opening_hours: JSON.stringify(l.openingHours),
  capacity: l.capacity ?? null,
  active: l.active ? 1 : 0,
  updated_at: l.updatedAt,
});

export const rowToLocation = (r: LocationRow): Location => ({
  id: r.id,
  name: r.name,
  kind: r.kind as LocationKind,
  lat: Number(r.lat),
  lon: Number(r.lon),
  ...(r.address !== null && { address: r.address }),
  ...(r.region !== null && { region: r.region }),
  openingHours: JSON.parse(r.opening_hours),
  ...(r.capacity !== null && { capacity: Number(r.capacity) }),
  active: Number(r.active) === 1,
  updatedAt: Number(r.updated_at),
});

export const inventoryToRow = (i: InventoryLevel): InventoryRow => ({
  product_id: i.productId,
  location_id: i.locationId,
  on_hand: i.onHand,
  reserved: i.reserved,
  in_transit: i.inTransit,
  updated_at: i.updatedAt,
});

export const rowToInventory = (r: InventoryRow): InventoryLevel => ({
  productId: r.product_id,
  locationId: r.location_id,
  onHand: Number(r.on_hand),
  reserved: Number(r.reserved),
  inTransit: Number(r.in_transit),
  updatedAt: Number(r.updated_at),
});
