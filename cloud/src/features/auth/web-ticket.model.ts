import { Schema, model, type InferSchemaType } from 'mongoose';

export const WEB_TICKET_STATES = ['pending', 'scanned', 'confirmed', 'consumed', 'cancelled'] as const;

/**
 * A browser's request to be signed in by a phone (#16). Only a SHA-256 of the browser's secret
 * is stored, like session tokens. The openid of whoever confirms never enters this record;
 * only the user id, and only once confirmed.
 */
const webTicketSchema = new Schema(
  {
    secretHash: { type: String, required: true },
    state: { type: String, enum: WEB_TICKET_STATES, required: true },
    userAgent: { type: String },
    ip: { type: String },
    expiresAt: { type: Date, required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User' },
    scannedAt: { type: Date },
    confirmedAt: { type: Date },
    consumedAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: 'throw', collection: 'web_tickets' },
);
// Kept a day past expiry (a late poll still hears "expired" or "used"), then MongoDB drops it.
webTicketSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 24 * 3600 });

export type WebTicket = InferSchemaType<typeof webTicketSchema>;
export const WebTicketModel = model('WebTicket', webTicketSchema);
