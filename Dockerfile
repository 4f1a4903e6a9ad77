# One image for the worker, the API (which also serves the console) and the migration job: compiled JavaScript run
# with plain node as the unprivileged `node` user, the console prebuilt. `npm run build` (scripts/build.ts) is what
# the build stage runs; scripts/build.int.test.ts proves its output runs on production packages alone.
#
#   docker build --build-arg MILLWRIGHT_BUILD_ID=$(git describe --always --dirty) -t millwright .
#
# MILLWRIGHT_BUILD_ID names the worker deployment version (README "Upgrading"); without it the build id is the package
# version plus the workflow bundle's hash.

# --- build: every dependency, compile the server, bundle the workflows, build the console ---
FROM node:20.20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# npm ci refuses this lock on some mirrors (platform binaries of an optional dependency the registry does not serve
# are left out of it); npm install --no-save then installs the same locked versions, as scripts/bootstrap.mjs does.
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund --no-save
COPY . .
ARG MILLWRIGHT_BUILD_ID=
RUN MILLWRIGHT_BUILD_ID="$MILLWRIGHT_BUILD_ID" NG_CLI_ANALYTICS=false npm run build

# --- production packages only (no TypeScript, Angular, Jest, ...) ---
FROM node:20.20-bookworm-slim AS packages
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund || npm install --omit=dev --no-audit --no-fund --no-save

# --- runtime ---
FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    API_HOST=0.0.0.0 \
    MILLWRIGHT_WORKFLOW_BUNDLE=/app/workflow-bundle.js \
    NODE_OPTIONS=--enable-source-maps
COPY --from=packages /app/node_modules ./node_modules
# dist/ has the repository's layout: api/, worker/, db/, scripts/migrate.js, ..., workflow-bundle.js, build-info.json,
# package.json and the console in ui/dist/browser (where api/app.ts serves it from).
COPY --from=build /src/dist ./
# Root owns the files, read-only to the process; it runs as the image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# The API; docker-compose.yml runs `node worker/main.js` and `node scripts/migrate.js` from the same image.
CMD ["node", "api/main.js"]
