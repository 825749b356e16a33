/** The one API client of the web app: same origin (`/api/v1`), so the CSP's connect-src 'self' holds. */
import { createApiClient } from '@zkpush/shared/api-client';

export const api = createApiClient();
