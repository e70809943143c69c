import { api, setSignedIn } from './api';

export interface Me {
  id: string;
  email: string;
  role: string;
  emailVerified: boolean;
  mfaEnabled: boolean;
  fullName?: string;
}

let current: Me | null = null;

/** Who is signed in, asked of the API (the page cannot read its HttpOnly cookies). */
export async function loadMe(): Promise<Me | null> {
  const answer = await api<Me>('GET', '/api/v1/users/me');
  current = answer.status === 200 ? answer.json : null;
  setSignedIn(current !== null);
  document.body.dataset.signedIn = current ? 'true' : 'false';
  return current;
}

export const me = (): Me | null => current;

export const isStaff = (): boolean => current?.role === 'PLATFORM_ADMIN';
