# syntax=docker/dockerfile:1
# 联盟通 cloud: compiled server + the H5 build. Runs against a real MongoDB (MONGODB_URI);
# the embedded server is for development and tests. See README → Deployment.

# ---- build: every workspace's dependencies, then `npm run build` (server bundles + H5) ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY types/package.json types/
COPY embedded-mongo/package.json embedded-mongo/
COPY cloud/package.json cloud/
COPY miniapp/package.json miniapp/
COPY e2e/package.json e2e/
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies of cloud only, the bundles, the H5 files ----
FROM node:20-bookworm-slim AS cloud
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
COPY types/package.json types/
COPY embedded-mongo/package.json embedded-mongo/
COPY cloud/package.json cloud/
RUN npm install --omit=dev --no-audit --no-fund -w @alliance-hub/cloud && npm cache clean --force
COPY --from=build /app/cloud/dist cloud/dist
COPY --from=build /app/miniapp/dist/h5 miniapp/dist/h5
USER node
EXPOSE 3000
# Liveness only: readiness (/api/v1/health/ready) is for the proxy or orchestrator to route by.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/v1/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "cloud/dist/server.js"]

# ---- proxy: nginx serving the H5 build and passing /api to the cloud processes ----
FROM nginx:1.27-alpine AS proxy
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/miniapp/dist/h5 /usr/share/nginx/html
