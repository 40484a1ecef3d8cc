import type { Context, Middleware } from 'koa';
import { Schema, model } from 'mongoose';
import { rateLimited } from '../errors';
import { retryOnDuplicate } from '../lib/mongo-errors';

// Counters live in the database, not in process memory: several stateless cloud processes
// sit behind the load balancer and must share one budget per client.
const rateLimitSchema = new Schema(
  {
    _id: { type: String },
    count: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
rateLimitSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
const RateLimitModel = model('RateLimit', rateLimitSchema, 'rate_limits');

export type RateLimitOptions = {
  name: string;
  limit: number;
  windowSeconds: number;
  /** Whose budget a request spends; the client IP unless given (e.g. the signed-in user). */
  keyOf?: (ctx: Context) => string;
};

/** Fixed-window limit per client (IP by default): one atomic upsert-and-increment per request. */
export const rateLimit =
  (options: RateLimitOptions): Middleware =>
  async (ctx, next) => {
    const windowMs = options.windowSeconds * 1000;
    const windowStart = Math.floor(Date.now() / windowMs) * windowMs;
    const key = `${options.name}:${options.keyOf ? options.keyOf(ctx) : ctx.ip}:${windowStart}`;
    const counter = await retryOnDuplicate(() =>
      RateLimitModel.findOneAndUpdate(
        { _id: key },
        { $inc: { count: 1 }, $setOnInsert: { expiresAt: new Date(windowStart + windowMs) } },
        { upsert: true, returnDocument: 'after', lean: true },
      ),
    );
    if (counter && counter.count > options.limit) {
      throw rateLimited(Math.max(1, Math.ceil((windowStart + windowMs - Date.now()) / 1000)));
    }
    await next();
  };
