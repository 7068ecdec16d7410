# One Dockerfile for every Node process of RootTrading; docker-compose.yml picks a stage per service:
#   target workspace  → the migration job (runs from the repository root)
#   target service    → gateway / analyzer / trader / portfolio (build arg SERVICE)
#   target frontend   → the web process serving the built app and the /api proxy
# Build context: the repository root. The install layers are shared, so building all of them costs
# one install.

FROM node:20-slim AS workspace
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0
# The same pnpm as package.json's "packageManager"; corepack would refuse another one anyway.
RUN corepack enable pnpm && corepack prepare pnpm@10.34.9 --activate
WORKDIR /app

# Dependencies first, from the lockfile alone, so a source change does not download them again.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch
COPY . .
# Everything, devDependencies included: the processes run TypeScript through tsx (a root devDependency).
RUN pnpm install --frozen-lockfile --offline

ENV NODE_ENV=production
USER node
CMD ["node", "--import", "tsx", "packages/db/src/cli/migrate.ts"]

FROM workspace AS service
ARG SERVICE
RUN test -n "$SERVICE" && test -f "/app/services/$SERVICE/src/main.ts" \
  || (echo "build arg SERVICE must name a directory of services/ with src/main.ts (got '$SERVICE')" >&2; exit 1)
WORKDIR /app/services/${SERVICE}
CMD ["node", "--import", "tsx", "src/main.ts"]

FROM workspace AS frontend
USER root
RUN pnpm --filter @roottrading/frontend build
USER node
WORKDIR /app/frontend
CMD ["node", "--import", "tsx", "server/main.ts"]
