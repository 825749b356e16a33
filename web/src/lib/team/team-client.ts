/**
 * The admin team view's calls (issue 12 §4; docs/api.md "My pushes and the team view"): every push's
 * metadata, filtered by creator and state; any push's audit trail (each read is itself audited); expire
 * any push (with X-CSRF-Token; audited as `deleted_by_admin`); instance statistics. Admins only, by
 * session: anyone else gets 403 `forbidden_by_policy`, which the page explains.
 */
import * as v from 'valibot';
import type { ApiResult } from '@zkpush/shared/api-client';
import { AdminStats, PushList, type PushListState } from '@zkpush/shared/push-list-schemas';
import { EventsPage } from '@zkpush/shared/schemas';
import { queryString, sessionCall } from '#lib/dashboard/server-pushes.ts';

const seg = encodeURIComponent;

export interface TeamFilter {
  /** The creator's email, matched case-insensitively by the server; '' for everyone. */
  creator: string;
  state: PushListState | 'all';
}

export const teamPushes = (filter: TeamFilter, cursor?: string): Promise<ApiResult<PushList>> =>
  sessionCall(
    `/api/v1/admin/pushes${queryString({
      creator: filter.creator.trim(),
      state: filter.state === 'all' ? undefined : filter.state,
      cursor,
    })}`,
    PushList,
  );

export const teamPushEvents = (
  id: string,
  query: { after?: string; limit?: number } = {},
): Promise<ApiResult<EventsPage>> =>
  sessionCall(
    `/api/v1/admin/pushes/${seg(id)}/events${queryString({ after: query.after, limit: query.limit?.toString() })}`,
    EventsPage,
  );

export const expireTeamPush = (id: string): Promise<ApiResult<null>> =>
  sessionCall(`/api/v1/admin/pushes/${seg(id)}`, v.null(), { method: 'DELETE' });

export const teamStats = (): Promise<ApiResult<AdminStats>> => sessionCall('/api/v1/admin/stats', AdminStats);
