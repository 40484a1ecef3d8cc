import { Schema, model, type InferSchemaType } from 'mongoose';

// The QR code carries only `nonce.signature`; who it belongs to and when it expires stay here.
const swapTokenSchema = new Schema(
  {
    nonce: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    personId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
    usedByUserId: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: 'throw' },
);
swapTokenSchema.index({ nonce: 1 }, { unique: true });
// Kept a day after expiry so a late scan still gets "expired" rather than "invalid".
swapTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 24 * 3600 });

export type SwapToken = InferSchemaType<typeof swapTokenSchema>;
export const SwapTokenModel = model('SwapToken', swapTokenSchema, 'swap_tokens');
