import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { ROLES, USER_STATUSES } from '@alliance-hub/types';

const userSchema = new Schema(
  {
    /** WeChat identity; absent for dev-login users. */
    openid: { type: String },
    unionid: { type: String },
    /** Dev-login identity (`role:name`), only ever set when AUTH_DEV_LOGIN=1. */
    devKey: { type: String },
    displayName: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true, default: 'guest' },
    status: { type: String, enum: USER_STATUSES, required: true, default: 'active' },
    personId: { type: Schema.Types.ObjectId, ref: 'Person' },
    orgId: { type: Schema.Types.ObjectId, ref: 'Organization' },
    lastSeenAt: { type: Date },
  },
  { timestamps: true, strict: 'throw' },
);
userSchema.index({ openid: 1 }, { unique: true, partialFilterExpression: { openid: { $type: 'string' } } });
userSchema.index({ devKey: 1 }, { unique: true, partialFilterExpression: { devKey: { $type: 'string' } } });
userSchema.index({ unionid: 1 }, { sparse: true });
userSchema.index({ role: 1, _id: -1 });

export type User = InferSchemaType<typeof userSchema>;
export type UserDoc = HydratedDocument<User>;
export const UserModel = model('User', userSchema);
