# Tin An Sinh: one image, two commands. `npm start` (the default) is the web process: HTTP, the
# Telegram and Zalo webhooks, jobs; `npm run worker` runs the jobs and the notification dispatcher
# without HTTP. Production talks to a MongoDB replica set through MONGODB_URI: no FerretDB or Go here.

# --- dependencies: production packages only, built where npm and its cache can stay behind ---
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# mongodb-memory-server (a development database engine) would download a mongod at install time.
ENV MONGOMS_DISABLE_POSTINSTALL=1
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime ---
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/.data \
    MONGODB_KIND=mongodb \
    DEMO_DATA=off \
    LOG_LEVEL=info
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json package-lock.json tsconfig.json ./
COPY --chown=root:root services ./services
COPY --chown=root:root models ./models
COPY --chown=root:root bot ./bot
COPY --chown=root:root miniapp ./miniapp
COPY --chown=root:root scripts ./scripts
# The code stays root-owned and read-only to the process; only the data folder is its own.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["npm", "start"]
