import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { authInterceptor } from './core/http/auth.interceptor';
import { errorInterceptor } from './core/http/error.interceptor';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    // Route params (e.g. :workflowId) arrive as component inputs.
    provideRouter(routes, withComponentInputBinding()),
    // Order matters: the token is attached before the error handler sees the response.
    provideHttpClient(withInterceptors([authInterceptor, errorInterceptor])),
  ],
};
