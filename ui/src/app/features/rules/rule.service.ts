import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';
import {
  Paged,
  RuleBackTestResult,
  RuleDecision,
  RuleDecisionRecord,
  RuleDiff,
  RuleDryRunRequest,
  RuleSetContent,
  RuleSetSummary,
  RuleSetVersion,
} from '../../shared/api.types';
import { toParams } from '../../shared/http-params';

const base = (code: string) => `/api/rule-sets/${encodeURIComponent(code)}`;
const versionUrl = (code: string, version: number) => `${base(code)}/versions/${version}`;

/**
 * Rule-set administration. Calls whose failures the pages explain inline (validation paths, four-eyes, bad facts)
 * are silent, so the global interceptor does not also pop a snackbar.
 */
@Injectable({ providedIn: 'root' })
export class RuleService {
  private readonly http = inject(HttpClient);
  private readonly inline: { context: HttpContext } = { context: silentErrors() };

  list(): Observable<RuleSetSummary[]> {
    return this.http.get<{ items: RuleSetSummary[] }>('/api/rule-sets').pipe(map((res) => res.items));
  }

  version(code: string, version: number): Observable<RuleSetVersion> {
    return this.http.get<RuleSetVersion>(versionUrl(code, version), this.inline);
  }

  /** Without content the server copies the newest version. */
  createDraft(code: string, content?: RuleSetContent): Observable<RuleSetVersion> {
    return this.http.post<RuleSetVersion>(`${base(code)}/drafts`, content ? { content } : {}, this.inline);
  }

  /** `content` is sent as typed in the raw JSON view: the server validates it and names each problem's path. */
  saveDraft(code: string, version: number, content: unknown): Observable<RuleSetVersion> {
    return this.http.put<RuleSetVersion>(versionUrl(code, version), { content }, this.inline);
  }

  publish(code: string, version: number, effectiveFrom?: string): Observable<RuleSetVersion> {
    const body = effectiveFrom ? { effectiveFrom } : {};
    return this.http.post<RuleSetVersion>(`${versionUrl(code, version)}/publish`, body, this.inline);
  }

  retire(code: string, version: number): Observable<RuleSetVersion> {
    return this.http.post<RuleSetVersion>(`${versionUrl(code, version)}/retire`, {}, this.inline);
  }

  dryRun(code: string, version: number, request: RuleDryRunRequest): Observable<RuleDecision> {
    return this.http.post<RuleDecision>(`${versionUrl(code, version)}/dry-run`, request, this.inline);
  }

  backTest(code: string, version: number, limit: number): Observable<RuleBackTestResult> {
    return this.http.post<RuleBackTestResult>(`${versionUrl(code, version)}/back-test`, { limit }, this.inline);
  }

  diff(code: string, from: number, to: number): Observable<RuleDiff> {
    return this.http.get<RuleDiff>(`${base(code)}/diff`, { params: toParams({ from, to }), ...this.inline });
  }

  decisions(code: string, version: number, page: number, pageSize: number): Observable<Paged<RuleDecisionRecord>> {
    return this.http.get<Paged<RuleDecisionRecord>>(`${versionUrl(code, version)}/decisions`, {
      params: toParams({ page, pageSize }),
    });
  }
}
