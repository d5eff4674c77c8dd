import { z } from 'zod';

export const LOCATION_KINDS = ['store', 'locker', 'warehouse'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const id = z.string().trim().min(1).max(128);
const attributeValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

/** A category arrives as "Garden > Tools" or ["Garden", "Tools"]; it is kept as a path array. */
export const categoryPath = z
  .union([z.string(), z.array(z.string().trim().min(1))])
  .transform((v) => (Array.isArray(v) ? v : v.split('>')).map((s) => s.trim()).filter((s) => s.length > 0));

export const productInputSchema = z.object({
  id,
  title: z.string().trim().min(1).max(500),
  description: z.string().max(10_000).optional(),
  brand: z.string().trim().max(200).optional(),
  category: categoryPath.default([]),
  price: z.number().nonnegative().finite(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'ISO 4217 code such as EUR')
    .default('EUR'),
  attributes: z.record(z.string(), attributeValue).default({}),
  imageUrl: z.string().max(2000).optional(),
  active: z.boolean().default(true),
});
export type ProductInput = z.input<typeof productInputSchema>;
export type Product = z.output<typeof productInputSchema> & { updatedAt: number };

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export const openingHoursSchema = z.partialRecord(z.enum(WEEKDAYS), z.array(z.tuple([hhmm, hhmm])));

export const locationInputSchema = z.object({
  id,
  name: z.string().trim().min(1).max(200),
  kind: z.enum(LOCATION_KINDS),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  address: z.string().max(500).optional(),
  region: z.string().max(200).optional(),
  openingHours: openingHoursSchema.default({}),
  /** Pickup slots for a store, compartments for a locker, pallets for a warehouse. */
  capacity: z.number().int().nonnegative().optional(),
  active: z.boolean().default(true),
});
export type LocationInput = z.input<typeof locationInputSchema>;
export type Location = z.output<typeof locationInputSchema> & { updatedAt: number };

export const inventoryInputSchema = z.object({
  productId: id,
  locationId: id,
  onHand: z.number().int().nonnegative(),
  reserved: z.number().int().nonnegative().default(0),
  inTransit: z.number().int().nonnegative().default(0),
});
export type InventoryInput = z.input<typeof inventoryInputSchema>;
export type InventoryLevel = z.output<typeof inventoryInputSchema> & { updatedAt: number };
