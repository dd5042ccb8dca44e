{{- define "reseau-certs.labels" -}}
app.kubernetes.io/name: reseau-certs
app.kubernetes.io/part-of: reseau
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{- define "reseau-certs.selector" -}}
app.kubernetes.io/name: reseau-certs
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
