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
