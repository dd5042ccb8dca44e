{{- define "reseau-policy.labels" -}}
app.kubernetes.io/name: reseau-policy
app.kubernetes.io/part-of: reseau
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{- define "reseau-policy.selector" -}}
app.kubernetes.io/name: reseau-policy
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
