import { useSyncExternalStore } from 'react';
import { getSignInProblem, subscribeSignInProblem, type SignInProblem } from '../../services/auth';

/** Why the last sign-in did not work (shown on 我的 with a retry), or null. */
export function useSignInProblem(): SignInProblem | null {
  return useSyncExternalStore(subscribeSignInProblem, getSignInProblem, getSignInProblem);
}
