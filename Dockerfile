# One image for the worker, the API (which also serves the console) and the migration job.
FROM node:20.20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN cd ui && NG_CLI_ANALYTICS=false npx ng build
ENV NODE_ENV=production API_HOST=0.0.0.0
CMD ["node", "--import", "tsx", "api/main.ts"]
