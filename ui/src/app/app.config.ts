import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { provideRouter, withComponentInputBinding, withPreloading } from '@angular/router';
import { routes } from './app.routes';
import { authInterceptor } from './core/http/auth.interceptor';
import { errorInterceptor } from './core/http/error.interceptor';
import { HomePreloading } from './core/routing/home-preloading';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    // Route params (e.g. :workflowId) arrive as component inputs.
    provideRouter(routes, withComponentInputBinding(), withPreloading(HomePreloading)),
    // Order matters: the token is attached before the error handler sees the response.
    provideHttpClient(withInterceptors([authInterceptor, errorInterceptor])),
  ],
};
