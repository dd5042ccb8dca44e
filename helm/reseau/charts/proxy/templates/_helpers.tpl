{{- define "reseau-proxy.labels" -}}
app.kubernetes.io/name: reseau-proxy
app.kubernetes.io/part-of: reseau
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{- define "reseau-proxy.selector" -}}
app.kubernetes.io/name: reseau-proxy
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
