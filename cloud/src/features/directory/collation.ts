/**
 * Directory lists are in pinyin order (拼音排序): MongoDB's `zh` collation, the same on the
 * embedded server and on MongoDB. The name index of each directory collection carries this
 * collation, since an index serves a sort only for operations with the same collation.
 */
export const PINYIN = { locale: 'zh' } as const;

/** Name in pinyin order, `_id` breaking ties between equal names. */
export const NAME_ORDER = { name: 1, _id: 1 } as const;
