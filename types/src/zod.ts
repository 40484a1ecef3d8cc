import { z } from 'zod';
import { zhCN } from 'zod/locales';

// WeChat mini-programs forbid eval/new Function, which zod's JIT uses. This module is the
// only place that imports zod directly, so the setting is applied before any schema exists.
// Default messages are Chinese because the mini-program shows them to users as they are.
z.config({ jitless: true, ...zhCN() });

export { z };
