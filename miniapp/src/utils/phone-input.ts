/**
 * Props for a mobile-number Input. Not `type="number"`: that keyboard has no "+", spaces or
 * dashes, so "+86 138 0013 8000" could not be typed; the shared `Mobile` schema checks the
 * pattern and strips the prefix instead. In H5 the browser still offers its phone keypad.
 */
export const PHONE_INPUT_PROPS = {
  type: 'text',
  nativeProps: { inputMode: 'tel', autoComplete: 'tel' },
} as const;
