# Offerlink production image. Uses an external PostgreSQL: set DATABASE_URL at run time.
#   docker build -t offerlink .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://… -e IP_HASH_SALT=… -e PUBLIC_URL=https://go.example.com offerlink

# ---- dependencies (all, for the build) ----
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm install --no-audit --no-fund

# ---- build the Remix app ----
FROM deps AS build
WORKDIR /app
COPY . .
RUN npm run build

# ---- production dependencies only ----
FROM node:20-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# tsx runs server.ts and its TypeScript modules directly; it is a production dependency.
RUN npm install --omit=dev --no-audit --no-fund

# ---- runtime ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 SEED_DEMO=0
WORKDIR /app
RUN groupadd --system offerlink && useradd --system --gid offerlink --home /app offerlink
COPY --from=prod-deps --chown=offerlink:offerlink /app/node_modules ./node_modules
COPY --from=build --chown=offerlink:offerlink /app/build ./build
COPY --chown=offerlink:offerlink package.json server.ts tsconfig.json ./
COPY --chown=offerlink:offerlink app ./app
COPY --chown=offerlink:offerlink db ./db
COPY --chown=offerlink:offerlink lib ./lib
COPY --chown=offerlink:offerlink seed ./seed
COPY --chown=offerlink:offerlink workers ./workers
COPY --chown=offerlink:offerlink emails ./emails
USER offerlink
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Without DATABASE_URL the server would try to start an embedded PostgreSQL; in a container,
# always give it a real database.
CMD ["node", "--import", "tsx", "server.ts"]
