import { z } from 'zod';

export const PLACEMENTS = [
  'similar-items',
  'frequently-bought-together',
  'session-next',
  'for-you',
  'buy-it-again',
  'recently-viewed',
  'trending',
  'popular',
] as const;
export type Placement = (typeof PLACEMENTS)[number];

export const TRENDING_WINDOWS = ['5m', '1h', '24h', '7d'] as const;
export type TrendingWindow = (typeof TRENDING_WINDOWS)[number];

const id = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .refine((s) => !/[\s\p{Cc}]/u.test(s), 'an id has no spaces or control characters');

export const filtersSchema = z
  .object({
    category: z.string().trim().min(1).max(300).optional(),
    brand: z
      .union([z.string().trim().min(1).max(200), z.array(z.string().trim().min(1).max(200)).max(50)])
      .optional(),
    priceMin: z.number().nonnegative().finite().optional(),
    priceMax: z.number().nonnegative().finite().optional(),
    inStockAt: id.optional(),
    near: z
      .object({
        lat: z.number().min(-90).max(90),
        lon: z.number().min(-180).max(180),
        radiusKm: z.number().positive().max(500),
      })
      .optional(),
    excludePurchased: z.boolean().optional(),
    excludeInCart: z.boolean().optional(),
    /** Already shown on the page (other panels), never repeated. */
    exclude: z.array(id).max(500).optional(),
  })
  .strict();
export type RecommendFilters = z.infer<typeof filtersSchema>;

export const recommendRequestSchema = z
  .object({
    placement: z.enum(PLACEMENTS),
    userId: id.optional(),
    anonymousId: id.optional(),
    productIds: z.array(id).max(100).optional(),
    filters: filtersSchema.optional(),
    /** 1 = only the live session, 0 = only long-term history. */
    blend: z.number().min(0).max(1).optional(),
    diversity: z.number().min(0).max(1).optional(),
    limit: z.number().int().min(1).max(100).optional(),
    window: z.enum(TRENDING_WINDOWS).optional(),
    storeId: id.optional(),
  })
  .strict();
export type RecommendRequest = z.infer<typeof recommendRequestSchema>;

export const REASON_CODES = [
  'similar_to',
  'bought_with',
  'session',
  'because_viewed',
  'because_bought',
  'due_again',
  'recently_viewed',
  'trending',
  'popular',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  productId?: string;
  text: string;
}

export interface RecommendedItem {
  productId: string;
  score: number;
  reasons: Reason[];
}

export interface RecommendResponse {
  placement: Placement;
  items: RecommendedItem[];
  warnings?: string[];
}

/** Fallback chains: which strategies answer each placement, in order, until `limit` items are found. */
export const recommendConfigSchema = z
  .object({
    chains: z.partialRecord(z.enum(PLACEMENTS), z.array(z.enum(PLACEMENTS)).min(1)).default({}),
    sessionVariant: z.enum(['sknn', 'vsknn', 'stan', 'vstan']).default('vstan'),
    /** Item model of `for-you` over the long-term history (docs/recommendations.md, "for-you model"). */
    forYouModel: z.enum(['knn', 'ease', 'hybrid']).default('ease'),
    defaultLimit: z.number().int().min(1).max(100).default(10),
    trendingWindow: z.enum(TRENDING_WINDOWS).default('24h'),
    /** Hours between scheduled retrains; 0 turns the schedule off. */
    retrainEveryHours: z
      .number()
      .min(0)
      .max(24 * 30)
      .default(24),
    /** Shoppers whose live state (history, session, cart) is kept; the least recently active go first. */
    maxLiveShoppers: z.number().int().min(1).max(50_000_000).default(200_000),
    /** Days without an event after which a shopper's live state is dropped; 0 = never by age. */
    liveIdleDays: z.number().min(0).max(3650).default(90),
  })
  .strict();
export type RecommendConfig = z.infer<typeof recommendConfigSchema>;

export const DEFAULT_CHAINS: Record<Placement, readonly Placement[]> = {
  'similar-items': ['similar-items', 'session-next', 'popular'],
  'frequently-bought-together': ['frequently-bought-together', 'similar-items', 'popular'],
  'session-next': ['session-next', 'for-you', 'trending', 'popular'],
  'for-you': ['for-you', 'trending', 'popular'],
  'buy-it-again': ['buy-it-again'],
  'recently-viewed': ['recently-viewed'],
  trending: ['trending', 'popular'],
  popular: ['popular'],
};

/** Strategies that read a shopper's own activity; they are skipped without consent. */
export const PERSONAL: ReadonlySet<Placement> = new Set([
  'session-next',
  'for-you',
  'buy-it-again',
  'recently-viewed',
]);
