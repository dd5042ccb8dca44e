{{- define "reseau-ingress.labels" -}}
app.kubernetes.io/name: reseau-ingress
app.kubernetes.io/part-of: reseau
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{- define "reseau-ingress.selector" -}}
app.kubernetes.io/name: reseau-ingress
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- /* What the controller reads wherever it reads Services, EndpointSlices and Secrets, and reports on there. */}}
{{- define "reseau-ingress.objectRules" -}}
# Secrets: only those of type kubernetes.io/tls (Ingress TLS) and Opaque (basic authentication's users) are
# listed, by field selectors.
- apiGroups: [""]
  resources: ["services", "secrets"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["discovery.k8s.io"]
  resources: ["endpointslices"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# ConfigMaps, for the custom-headers and auth-proxy-set-headers annotations: each Ingress names one of its own
# namespace, and only those named are watched (by name).
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch"]
{{- end }}

{{- /* Where the controller serves Ingresses: reading them and writing their status. */}}
{{- define "reseau-ingress.ingressRules" -}}
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses/status"]
  verbs: ["update"]
{{- end }}

{{- /* The webhook configuration's name: cluster-wide, so one per release namespace. */}}
{{- define "reseau-ingress.webhookConfiguration" -}}
reseau-ingress-{{ .Release.Namespace }}
{{- end }}
