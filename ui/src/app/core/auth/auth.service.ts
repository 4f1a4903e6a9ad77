import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { map, Observable, tap } from 'rxjs';
import { LoginResponse, MeResponse, Task, User } from '../../shared/api.types';
import { silentErrors } from '../http/http-context';

/** localStorage key shared with e2e helpers and any other tab of the console. */
export const SESSION_STORAGE_KEY = 'millwright.session';

export interface Session {
  token: string;
  user: User;
}

function readStoredSession(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    // A half-written or legacy entry must not crash the app; treat it as logged out.
    if (typeof parsed.token !== 'string' || !parsed.user || !Array.isArray(parsed.user.roles)) return null;
    return { token: parsed.token, user: parsed.user };
  } catch {
    return null;
  }
}

@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly session = signal<Session | null>(readStoredSession());

  readonly user = computed(() => this.session()?.user ?? null);
  readonly token = computed(() => this.session()?.token ?? null);
  readonly isLoggedIn = computed(() => this.session() !== null);
  readonly roles = computed(() => this.user()?.roles ?? []);
  /** Placing orders is a clerk (or admin) job; everyone else only reads them. */
  readonly canCreateOrders = computed(() => this.hasAnyRole('clerk', 'admin'));

  constructor() {
    // Keep tabs consistent: logging out in one tab must not leave another tab "logged in".
    window.addEventListener('storage', (event) => {
      if (event.key === SESSION_STORAGE_KEY) this.session.set(readStoredSession());
    });
  }

  hasAnyRole(...roles: string[]): boolean {
    const mine = this.roles();
    return roles.some((role) => mine.includes(role));
  }

  /** Whether the user may claim/complete a task; the server remains the authority. */
  canActOn(task: Pick<Task, 'candidateRole'>): boolean {
    return this.hasAnyRole(task.candidateRole, 'admin');
  }

  /** The assignee field may carry the user id or the username depending on the server. */
  isAssignee(task: Pick<Task, 'assignee'>): boolean {
    const user = this.user();
    return !!user && !!task.assignee && (task.assignee === user.id || task.assignee === user.username);
  }

  /** Landing page after login: clerks work from the task inbox, other roles monitor processes. */
  homeUrl(): string {
    return this.hasAnyRole('clerk') ? '/tasks' : '/processes';
  }

  login(username: string, password: string): Observable<User> {
    // Silent: the login page shows a refusal on the form itself, once (a snackbar too would outlive the next login).
    return this.http.post<LoginResponse>('/api/auth/login', { username, password }, { context: silentErrors() }).pipe(
      tap((res) => this.store({ token: res.token, user: res.user })),
      map((res) => res.user),
    );
  }

  /** Re-reads the user (roles may have changed since the token was issued). */
  refreshUser(): void {
    const current = this.session();
    if (!current) return;
    this.http.get<MeResponse>('/api/auth/me', { context: silentErrors() }).subscribe({
      next: ({ user }) => {
        const latest = this.session();
        if (latest && latest.token === current.token) this.store({ ...latest, user });
      },
      error: () => undefined, // 401 is handled by the error interceptor; others are non-fatal here
    });
  }

  logout(): void {
    if (this.token()) {
      // Fire-and-forget: the local session is cleared regardless of the server's answer.
      this.http.post<void>('/api/auth/logout', null, { context: silentErrors() }).subscribe({ error: () => undefined });
    }
    this.clearSession();
    void this.router.navigateByUrl('/login');
  }

  /** Local-only logout, used when the server already rejected the token (401). */
  clearSession(): void {
    localStorage.removeItem(SESSION_STORAGE_KEY);
    this.session.set(null);
  }

  private store(session: Session): void {
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    this.session.set(session);
  }
}
