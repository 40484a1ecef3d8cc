import { z } from 'zod';
import { plainChineseError } from './zod-messages';

// WeChat mini-programs forbid eval/new Function, which zod's JIT uses. This module is the
// only place that imports zod directly, so the setting is applied before any schema exists.
// Default messages are plain Chinese because the mini-program shows them to users as they are
// (zod's own zh-CN locale reads like a type checker: "数值过小：期望 number >=1").
z.config({ jitless: true, localeError: plainChineseError });

export { z };
