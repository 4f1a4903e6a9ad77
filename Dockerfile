# One image for the worker, the API (which also serves the console) and the migration job.
FROM node:20.20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci refuses this lock on some mirrors (platform binaries of an optional dependency the registry does not serve
# are left out of it); npm install --no-save then installs the same locked versions, as scripts/bootstrap.mjs does.
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund --no-save
COPY . .
RUN cd ui && NG_CLI_ANALYTICS=false npx ng build
ENV NODE_ENV=production API_HOST=0.0.0.0
CMD ["node", "--import", "tsx", "api/main.ts"]
