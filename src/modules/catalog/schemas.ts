import { z } from 'zod';

export const LOCATION_KINDS = ['store', 'locker', 'warehouse'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Separator of a category path as text: `"Garden > Tools"`. */
export const CATEGORY_SEPARATOR = ' > ';

const id = z.string().trim().min(1).max(128);
const attributeValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
/** Ignored on input (the service stamps it) so a product read back can be written again unchanged. */
const updatedAt = z.number().optional();

/**
 * A category arrives as "Garden > Tools" or ["Garden", "Tools"]; it is kept as a path array. A name may
 * not contain ">" so that the text form always splits back into the same path.
 */
export const categoryPath = z
  .union([
    z.string(),
    z.array(
      z
        .string()
        .trim()
        .min(1)
        .refine((s) => !s.includes('>'), 'a category name cannot contain ">"'),
    ),
  ])
  .transform((v) => (Array.isArray(v) ? v : v.split('>')).map((s) => s.trim()).filter((s) => s.length > 0));

/** Unknown keys are refused rather than dropped, so `image_url` instead of `imageUrl` is not lost silently. */
export const productInputSchema = z.strictObject({
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
  attributes: z
    .record(z.string(), attributeValue, {
      error: (iss) =>
        iss.code === 'invalid_type' ? 'expected an object of string, number, boolean or string[]' : undefined,
    })
    .default({}),
  imageUrl: z.string().max(2000).optional(),
  active: z.boolean().default(true),
  updatedAt,
});
export type ProductInput = z.input<typeof productInputSchema>;
export type Product = Omit<z.output<typeof productInputSchema>, 'updatedAt'> & { updatedAt: number };

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
/** Per weekday, a list of [open, close] intervals; a missing day is closed. */
export const openingHoursSchema = z.partialRecord(z.enum(WEEKDAYS), z.array(z.tuple([hhmm, hhmm])), {
  error: (iss) =>
    iss.code === 'invalid_type' ? 'expected an object such as {"mon":[["09:00","19:00"]]}' : undefined,
});

export const locationInputSchema = z.strictObject({
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
  updatedAt,
});
export type LocationInput = z.input<typeof locationInputSchema>;
export type Location = Omit<z.output<typeof locationInputSchema>, 'updatedAt'> & { updatedAt: number };

export const inventoryInputSchema = z.strictObject({
  productId: id,
  locationId: id,
  onHand: z.number().int().nonnegative(),
  /** Units promised to open orders; may exceed onHand (backorders). */
  reserved: z.number().int().nonnegative().default(0),
  inTransit: z.number().int().nonnegative().default(0),
  updatedAt,
});
export type InventoryInput = z.input<typeof inventoryInputSchema>;
export type InventoryLevel = Omit<z.output<typeof inventoryInputSchema>, 'updatedAt'> & { updatedAt: number };
