import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { CLIENT_KINDS } from '@alliance-hub/types';
import { PINYIN } from '../directory/collation';

// Only a SHA-256 of the token is stored: a leaked database dump cannot be replayed as sessions.
const sessionSchema = new Schema(
  {
    tokenHash: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    client: { type: String, enum: CLIENT_KINDS, required: true },
    userAgent: { type: String },
    ip: { type: String },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date },
    lastSeenAt: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: 'throw' },
);
sessionSchema.index({ tokenHash: 1 }, { unique: true });
// A read joined to the session (middleware/auth.ts allowJoined: a directory search) runs under the
// search's pinyin collation, and a query with a collation uses only indexes of that collation for
// string clauses (on MongoDB as on the embedded server): without this one it would scan sessions.
// A token hash is lowercase hex, so the collation's equality is the binary one.
sessionSchema.index({ tokenHash: 1 }, { collation: PINYIN, name: 'tokenHash_zh' });
sessionSchema.index({ userId: 1, _id: -1 });
// Real MongoDB removes expired sessions; until then expiry is enforced on every lookup anyway.
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type Session = InferSchemaType<typeof sessionSchema>;
export type SessionDoc = HydratedDocument<Session>;
export const SessionModel = model('Session', sessionSchema);
