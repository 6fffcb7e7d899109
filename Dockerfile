# syntax=docker/dockerfile:1
# Build: compile TypeScript and build native modules (better-sqlite3) with the toolchain the runtime does not need.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime: only what runs, as the unprivileged `node` user, with SQLite on a volume.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# /stats charts are drawn with the system's fonts: DejaVu for Latin and Cyrillic, Noto CJK for Japanese labels.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node config ./config
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD node -e "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(0))"
CMD ["node", "--enable-source-maps", "dist/index.js"]
